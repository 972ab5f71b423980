# Widget tests of the templates area.
