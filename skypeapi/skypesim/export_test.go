package skypesim

// ParseWorld lets the tests decode worlds from text.
var ParseWorld = parseWorld
