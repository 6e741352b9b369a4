"""Import and export for staff in the admin (django-import-export): the widgets, the base
resource with the import itself, the admin mixin, the import runs and the history they write.
Each app's ``resources.py`` declares its columns with these; gladbeck/resources.py holds the
organisations'.

The conventions:

- Columns have German headers. Related records are named as staff know them: an action field
  by its title, a district, target group or organisation by its name, several of them
  separated by "; ". Choices are written as their German label ("in Umsetzung"), yes/no as
  "ja"/"nein", dates as dates in XLSX and as JJJJ-MM-TT in CSV and JSON (TT.MM.JJJJ is read
  too). Rows are identified by the column "Kürzel"; an empty Kürzel makes a new record whose
  Kürzel is made from its title.
- A file is imported whole or not at all. Every problem is reported in German with its row and
  column, after a preview; unknown names are errors, nothing is created on the side. Columns
  missing from a file are left as they are; columns the file should not have are an error.
- Unchanged rows are skipped, so exporting and re-importing the same file changes nothing.
- Roles: whoever may add and change a model may import it (the Redaktion; the Anbieter only
  offers of their own organisation); whoever may view it may export it (the
  Steuerungsgruppe too). An uploaded file belongs to the login that uploaded it: no other
  login can preview, confirm or discard it.
- Size: files up to settings.IMPORT_MAX_BYTES and IMPORT_MAX_ROWS rows; larger ones are refused
  before they are read. Large files are checked and imported by a process of their own while
  the page shows the progress (runs.py).

Modules: ``widgets`` (cells), ``resources`` (StaffResource and the import), ``files``
(storing and reading uploads), ``models`` (ImportRun), ``runs`` (checking and importing a
run), ``history`` (history in bulk), ``admin`` (the mixin, its views and the list of runs).
"""
