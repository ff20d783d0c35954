/**
 * The SFTP driver: a repository in a directory of any SSH server, typically a backup host or a NAS that
 * speaks SSH, for the off-site copy of a 3-2-1 plan.
 *
 * <p>It lives in a module of its own so that the SSH library stays out of the core (DESIGN.md, section 2).
 * Its one outside dependency is Apache MINA SSHD, chosen over JSch because JSch quietly turns a rename into
 * {@code posix-rename@openssh.com}, which overwrites, and cannot send {@code fsync@openssh.com}.
 *
 * <p>A server can make the repository append-only for the credentials that backups use, which is the
 * defence against ransomware that steals them: {@code internal-sftp -P remove,rmdir,setstat,fsetstat,...}
 * for that user or key. Saves still work there; removals fail with an error that says why.
 */
package dev.arca.storage.sftp;
