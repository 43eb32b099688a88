/* A custom runtime for the invoke tests: a loop on the Lambda Runtime API with libcurl. What it
 * does with an event depends on the event's text:
 *   "fail"    posts an error (Lambda-Runtime-Function-Error-Type: Function.Oops)
 *   "sleep"   sleeps 30 s (a timeout)
 *   "exit"    exits with status 3 in the middle of the invocation
 *   "write"   tries to write under the task root and under /tmp
 *   "env"     answers with the names of its environment variables
 *   "big"     answers with 7 MB (over Lambda's 6 MB)
 *   "stream"  streams three parts 400 ms apart (Lambda-Runtime-Function-Response-Mode: streaming)
 *   "broken"  streams two parts, then reports an error in the stream's trailers
 * anything else is answered with {"echo": <event>, "count": <invocations so far>}.
 * INIT_ERROR in the environment makes it post /init/error and exit instead; INIT_SLEEP_MS makes
 * its init that much slower. */
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

struct buffer { char *data; size_t size; };

static size_t collect(char *p, size_t size, size_t n, void *userdata) {
    struct buffer *b = userdata;
    b->data = realloc(b->data, b->size + size * n + 1);
    memcpy(b->data + b->size, p, size * n);
    b->size += size * n;
    b->data[b->size] = 0;
    return size * n;
}

static char request_id[128];

static size_t header(char *p, size_t size, size_t n, void *userdata) {
    const char *name = "Lambda-Runtime-Aws-Request-Id:";
    if (strncasecmp(p, name, strlen(name)) == 0) {
        char *v = p + strlen(name);
        while (*v == ' ') v++;
        size_t len = strcspn(v, "\r\n");
        if (len >= sizeof request_id) len = sizeof request_id - 1;
        memcpy(request_id, v, len);
        request_id[len] = 0;
    }
    return size * n;
}

static void post(const char *api, const char *path, const char *body, size_t length, const char *error_type) {
    char url[512];
    snprintf(url, sizeof url, "http://%s/2018-06-01/runtime/%s", api, path);
    CURL *c = curl_easy_init();
    struct curl_slist *headers = NULL;
    if (error_type) {
        char h[256];
        snprintf(h, sizeof h, "Lambda-Runtime-Function-Error-Type: %s", error_type);
        headers = curl_slist_append(headers, h);
    }
    headers = curl_slist_append(headers, "Content-Type: application/json");
    struct buffer reply = {0};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long) length);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    fprintf(stderr, "posted %s: %s %ld %s\n", path, rc == CURLE_OK ? "ok" : curl_easy_strerror(rc), status,
            reply.data ? reply.data : "");
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    free(reply.data);
}

/* A streamed response: libcurl sends the body in chunks as read_part returns them, and the
 * trailers from add_trailers, the way Lambda's streaming runtimes report a mid-stream error. */
struct stream { int part; int parts; int broken; };

static size_t read_part(char *p, size_t size, size_t n, void *userdata) {
    struct stream *s = userdata;
    if (s->part == s->parts) return 0;
    if (s->part > 0) usleep(400 * 1000);
    s->part++;
    return (size_t) snprintf(p, size * n, "part %d of %d\n", s->part, s->parts);
}

static int add_trailers(struct curl_slist **list, void *userdata) {
    struct stream *s = userdata;
    if (s->broken) {
        /* base64 of {"errorMessage":"broke mid-stream","errorType":"StreamFailed"} */
        *list = curl_slist_append(*list, "Lambda-Runtime-Function-Error-Type: Function.StreamFailed");
        *list = curl_slist_append(*list, "Lambda-Runtime-Function-Error-Body: "
            "eyJlcnJvck1lc3NhZ2UiOiJicm9rZSBtaWQtc3RyZWFtIiwiZXJyb3JUeXBlIjoiU3RyZWFtRmFpbGVkIn0=");
    }
    return CURL_TRAILERFUNC_OK;
}

static void stream(const char *api, const char *path, int broken) {
    char url[512];
    snprintf(url, sizeof url, "http://%s/2018-06-01/runtime/%s", api, path);
    struct stream s = { 0, broken ? 2 : 3, broken };
    CURL *c = curl_easy_init();
    struct curl_slist *headers = NULL;
    headers = curl_slist_append(headers, "Lambda-Runtime-Function-Response-Mode: streaming");
    headers = curl_slist_append(headers, "Transfer-Encoding: chunked");
    headers = curl_slist_append(headers, "Content-Type: text/plain");
    headers = curl_slist_append(headers,
        "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body");
    struct buffer reply = {0};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_part);
    curl_easy_setopt(c, CURLOPT_READDATA, &s);
    curl_easy_setopt(c, CURLOPT_TRAILERFUNCTION, add_trailers);
    curl_easy_setopt(c, CURLOPT_TRAILERDATA, &s);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
    CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    fprintf(stderr, "streamed %s: %s %ld %s\n", path, rc == CURLE_OK ? "ok" : curl_easy_strerror(rc), status,
            reply.data ? reply.data : "");
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    free(reply.data);
}

int main(void) {
    const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    if (!api) { fprintf(stderr, "no AWS_LAMBDA_RUNTIME_API\n"); return 2; }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (getenv("INIT_ERROR")) {
        const char *e = "{\"errorMessage\":\"cannot start\",\"errorType\":\"Runtime.ConfigInvalid\"}";
        post(api, "init/error", e, strlen(e), "Runtime.ConfigInvalid");
        return 1;
    }
    if (getenv("INIT_SLEEP_MS")) {
        usleep(1000 * atoi(getenv("INIT_SLEEP_MS")));
    }
    printf("init done, handler %s\n", getenv("_HANDLER"));
    fflush(stdout);
    char next[512];
    snprintf(next, sizeof next, "http://%s/2018-06-01/runtime/invocation/next", api);
    CURL *c = curl_easy_init();
    for (int count = 1;; count++) {
        struct buffer event = {0};
        request_id[0] = 0;
        curl_easy_setopt(c, CURLOPT_URL, next);
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &event);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header);
        if (curl_easy_perform(c) != CURLE_OK) { fprintf(stderr, "next failed\n"); return 4; }
        const char *text = event.data ? event.data : "";
        printf("event %d: %s\n", count, text);
        fflush(stdout);
        char path[256];
        if (strstr(text, "fail")) {
            snprintf(path, sizeof path, "invocation/%s/error", request_id);
            const char *e = "{\"errorMessage\":\"it failed\",\"errorType\":\"Oops\"}";
            post(api, path, e, strlen(e), "Function.Oops");
        } else if (strstr(text, "stream") || strstr(text, "broken")) {
            snprintf(path, sizeof path, "invocation/%s/response", request_id);
            stream(api, path, strstr(text, "broken") != NULL);
        } else if (strstr(text, "sleep")) {
            sleep(30);
        } else if (strstr(text, "exit")) {
            exit(3);
        } else {
            char *body = malloc(8 << 20);
            size_t length;
            if (strstr(text, "write")) {
                FILE *f = fopen("/var/task/out.txt", "w");
                int task_errno = f ? 0 : errno;
                if (!f) fprintf(stderr, "cannot write /var/task/out.txt: %s\n", strerror(errno));
                FILE *t = fopen("/tmp/out.txt", "w");
                length = sprintf(body, "{\"task\":\"%s\",\"tmp\":\"%s\"}", f ? "written" : strerror(task_errno),
                                 t ? "written" : strerror(errno));
                if (t) fclose(t);
            } else if (strstr(text, "env")) {
                length = sprintf(body, "[");
                for (char **e = environ; *e; e++) {
                    length += sprintf(body + length, "%s\"%.*s\"", e == environ ? "" : ",",
                                      (int) strcspn(*e, "="), *e);
                }
                length += sprintf(body + length, "]");
            } else if (strstr(text, "big")) {
                length = 7 << 20;
                memset(body, 'x', length);
                body[0] = '"';
                body[length - 1] = '"';
            } else {
                length = snprintf(body, 8 << 20, "{\"echo\":%s,\"count\":%d}", text, count);
            }
            snprintf(path, sizeof path, "invocation/%s/response", request_id);
            post(api, path, body, length, NULL);
            free(body);
        }
        free(event.data);
    }
}
