"""Sign-in through the institution's directory (LDAP / Active Directory) with ldap3."""
