"""The customer case file: where cases come from, how they are kept, and what a call does with them.

* ``model``: a case in clear (engine only); ``views``: what a front end is shown (masked);
* ``source``: the ``CaseSource`` interface; ``store``: the local case book (encrypted);
  ``http_source``: a lender's CRM; ``importer`` + ``columns`` + ``idcard``: case lists (.xlsx, .csv);
* ``desk``: the screen pop, live risk hints and the wrap-up of a session's calls;
* ``risk``: risk hints; ``scripts``: stage scripts; ``wrapup``: wrap-up checks and the call score.
"""
