/* The benchmark's floor: a bare libxml2 SAX2 push walk over every file of a directory that only counts
   elements, text callbacks and <item>/<entry> elements. Same parser options as newswatch.
   Prints: bytes items cpu_seconds */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libxml/parser.h>
#include <libxml/SAX2.h>

static long elements, texts, items;

static void on_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri, int nns,
                     const xmlChar **ns, int nattr, int ndef, const xmlChar **attrs) {
    (void)ctx; (void)prefix; (void)uri; (void)nns; (void)ns; (void)nattr; (void)ndef; (void)attrs;
    elements++;
    if (strcmp((const char *)name, "item") == 0 || strcmp((const char *)name, "entry") == 0) items++;
}
static void on_text(void *ctx, const xmlChar *ch, int len) { (void)ctx; (void)ch; (void)len; texts++; }
static xmlEntityPtr on_entity(void *ctx, const xmlChar *name) { (void)ctx; return xmlGetPredefinedEntity(name); }

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: sax_count DIR\n"); return 2; }
    xmlInitParser();
    DIR *dir = opendir(argv[1]);
    if (!dir) { perror(argv[1]); return 1; }
    struct dirent *e;
    long bytes = 0;
    double cpu = 0;
    char path[4096];
    static char buf[1 << 16];
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        fseek(f, 0, SEEK_END); long size = ftell(f); fseek(f, 0, SEEK_SET);
        char *data = malloc(size);
        if (fread(data, 1, size, f) != (size_t)size) { fclose(f); free(data); continue; }
        fclose(f);
        struct timespec t0, t1;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
        xmlSAXHandler sax;
        memset(&sax, 0, sizeof sax);
        sax.initialized = XML_SAX2_MAGIC;
        sax.startElementNs = on_start;
        sax.characters = on_text;
        sax.cdataBlock = on_text;
        sax.getEntity = on_entity;
        int dummy;
        xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, &dummy, NULL, 0, NULL);
        xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        for (long off = 0; off < size; off += sizeof buf) {
            long n = size - off < (long)sizeof buf ? size - off : (long)sizeof buf;
            xmlParseChunk(ctxt, data + off, (int)n, 0);
        }
        xmlParseChunk(ctxt, NULL, 0, 1);
        xmlFreeParserCtxt(ctxt);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
        cpu += (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
        bytes += size;
        free(data);
    }
    closedir(dir);
    printf("%ld %ld %.4f\n", bytes, items, cpu);
    return 0;
}
