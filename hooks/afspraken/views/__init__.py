"""Views: pure functions from the model to the data of a page. They know nothing of MkDocs or HTML;
templates/ turns their data into HTML, with autoescape on (see `afspraken.templating`).
"""
