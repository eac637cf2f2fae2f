#ifndef NEWSWATCH_CLIBXML2_SHIM_H
#define NEWSWATCH_CLIBXML2_SHIM_H
/* Debian builds libxml2 with ICU; its headers then clash with Foundation's own ICU module.
   We never allocate the two trailing ICU fields of xmlCharEncodingHandler, so drop them. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/entities.h>

/* xmlFree is a mutable global function pointer, which Swift 6 rejects as not concurrency-safe. */
static inline void cxml_free(void *p) { xmlFree(p); }
static inline int cxml_parser_version(void) { return LIBXML_VERSION; }

/* XML_SAX2_MAGIC does not import (it does not fit the C int Swift infers). */
static inline unsigned int cxml_sax2_magic(void) { return XML_SAX2_MAGIC; }
/* The parser context's user data and private slots, for SAX callbacks that receive the context. */
static inline void *cxml_ctxt_private(void *ctx) { return ((xmlParserCtxtPtr)ctx)->_private; }
static inline void cxml_ctxt_set_private(xmlParserCtxtPtr ctxt, void *p) { ctxt->_private = p; }
#endif
