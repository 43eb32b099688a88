#include <stdio.h>
#include "greet.h"

int greet(const char *name) {
    return printf("Hello, %s, from libgreet!\n", name);
}
