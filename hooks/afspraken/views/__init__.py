"""Views: pure functions from the model to HTML strings. They know nothing of MkDocs.

Every text from YAML passes `render.esc` or `render.markdown_html` before it reaches the HTML.
"""
