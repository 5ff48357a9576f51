"""The web portal's pages (server-rendered, bilingual)."""
