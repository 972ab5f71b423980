# Widget tests of the monitor area.
