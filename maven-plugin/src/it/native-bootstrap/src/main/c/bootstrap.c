/* Prints the version of libsndfile it was loaded with. */
#include <sndfile.h>
#include <stdio.h>

int main(void) {
    printf("%s\n", sf_version_string());
    return 0;
}
