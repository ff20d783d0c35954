/**
 * The pure math of {@code arca forget}: which snapshots a {@link dev.arca.plan.Retention} keeps,
 * and how far back database logs must reach.
 *
 * <p>Forgetting is the one place where Arca destroys backups on purpose, by policy, unattended.
 * The decision therefore lives apart from the repository that carries it out: here it can be
 * tested to the exact keep set, shown as a dry run with a reason for every kept snapshot, and
 * shared by the command line and the server. The rules follow restic's {@code forget} so that
 * anyone who knows restic predicts the result; where Arca differs (reason texts, tie order, one
 * instant of {@code now}) the Javadoc says so.
 */
package dev.arca.plan.retention;
