/**
 * Calls into C libraries (libcrypto, the C library) and the native memory they read and write, through
 * the JDK's foreign-function and memory API, where the JDK has it (22 and later). Arca compiles for Java
 * 21, where that API is a preview, so it is reached by reflection here, once, and every caller gets plain
 * method handles and byte buffers or learns it is not there.
 */
package dev.arca.repository.foreign;
