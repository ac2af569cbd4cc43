"""Where SIP events enter: pjsua2 endpoint, account and call callbacks.

Everything in this package runs on the engine thread only.
"""
