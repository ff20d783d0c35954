/**
 * Extended attributes (xattrs) of directory entries, read at backup and written at restore: POSIX ACLs
 * ({@code system.posix_acl_access}, {@code system.posix_acl_default}), SELinux labels
 * ({@code security.selinux}), file capabilities ({@code security.capability}) and applications' own
 * ({@code user.*}). The JDK reaches only the {@code user} namespace, and only through a descriptor it opens
 * on the entry (which a named pipe or a device must not have), so this package calls Linux's
 * {@code llistxattr}, {@code lgetxattr} and {@code lsetxattr} itself.
 */
package dev.arca.protect.xattrs;
