"""The no-PBX demo: a simulated AI voice bot on loopback that hands a customer over."""
