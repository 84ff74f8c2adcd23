"""The surveys app's pages: ``surveys`` (answering, dates, results) and ``questionnaires``
(the program team's editor)."""
