#ifndef GREET_H
#define GREET_H

/* Writes a greeting for the given name and returns the number of characters written. */
int greet(const char *name);

#endif
