# Widget tests of the files area.
