/**
 * Calls into C libraries (libcrypto, the C library) through the JDK's foreign-function API, where the
 * JDK has it (22 and later). Arca compiles for Java 21, where that API is a preview, so it is reached by
 * reflection here, once, and every caller gets plain method handles or learns it is not there.
 */
package dev.arca.repository.foreign;
