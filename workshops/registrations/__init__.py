"""Registration for sessions: the writes (services), the signed links, the e-mails, the tasks.

Personal data enters here and leaves only by e-mail to the person it belongs to.
"""
