"""URLs of the activities' answers, worksheets downloads, saving into a library."""

urlpatterns: list = []
