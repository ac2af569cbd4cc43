"""Rules a collection firm must keep, decided here and nowhere else.

Today: masking (``masking.py``), what any front end may see of a customer.
The dialing guard, the customer's SMS code and the plan review arrive here
too; ``softphone.session`` is where they are applied to every front end.
"""
