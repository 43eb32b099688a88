#include <math.h>
#include <stdio.h>
#include "greet.h"

/* Needs a library of its own (libgreet, found through $ORIGIN/lib) and one from the system (libm). */
int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "world";
    int written = greet(name);
    printf("sqrt(%d) = %.3f\n", written, sqrt((double) written));
    return 0;
}
