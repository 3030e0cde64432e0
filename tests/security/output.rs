//! Security, safe output: control characters escaped everywhere, errors quote at most 80 characters, CSV formulas defused.
