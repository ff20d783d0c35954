/**
 * Decorators that wrap any {@link dev.arca.storage.Storage}, so that policies which every driver needs
 * (retrying transient failures, bounding load on the target) are written once, and so that tests can make
 * a healthy driver misbehave on cue ({@link dev.arca.storage.decorate.FaultyStorage}).
 *
 * <p>Typical stacking, outermost first: retries, then limits, then the driver, so that a call waiting
 * out its back-off does not hold one of the few connection slots.
 */
package dev.arca.storage.decorate;
