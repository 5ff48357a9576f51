"""Bulk user import (ACC-15, guide 003 "Importer des comptes d'usagers").

Sources: CSV and XML files in the guide's format, an LDAP or Active Directory server, and the phone system (the
enterprise's free extensions and unassigned phones). Two steps, each a job whose progress the portal polls: a
preview listing every row with its errors and its duplicates by e-mail (unticked, still tickable), then a commit
that creates every ticked row or none, in one transaction.
"""
