// hiredis for Swift: only its protocol halves, the reply reader and the command formatter.
//
// DeskBridge does its own non-blocking I/O (SwiftNIO), so hiredis' sockets and contexts are never
// used. The reader's error text is a fixed-size char array and its accessor a macro, which Swift
// imports badly; the shim below returns it as a C string. Keep this header small.
#ifndef DESKBRIDGE_CHIREDIS_SHIM_H
#define DESKBRIDGE_CHIREDIS_SHIM_H

#include <hiredis/hiredis.h>

/// The reader's description of its error (meaningful once redisReaderGetReply returned REDIS_ERR).
static inline const char *deskbridge_redis_reader_error(const redisReader *reader) {
    return reader->errstr;
}

#endif
