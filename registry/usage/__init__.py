"""Evidence that rules are carried out, flags on articles, page views, and rules fallen dormant."""
