"""Accounts: lockout after failed logins, password change and reset, the optional second factor
(TOTP) and the idle timeout. Views in ``views.py``, the rules in ``services.py`` and
``access.py``, the request checks in ``middleware.py``, django-axes' hooks in ``lockout.py``."""
