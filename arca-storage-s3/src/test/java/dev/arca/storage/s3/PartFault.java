package dev.arca.storage.s3;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hooks into the SDK's pipeline to do something to a multipart upload at one part: cut the connection before
 * it is sent, or stop the server once it arrived. The requests themselves go to the real server untouched.
 */
final class PartFault implements ExecutionInterceptor {
    private final int part;
    private final boolean beforeSending;
    private final Runnable action;
    private final AtomicInteger seen = new AtomicInteger();

    private PartFault(int part, boolean beforeSending, Runnable action) {
        this.part = part;
        this.beforeSending = beforeSending;
        this.action = action;
    }

    /** Runs {@code action} (which may throw, failing the request) before the {@code part}-th part is sent. */
    static PartFault before(int part, Runnable action) {
        return new PartFault(part, true, action);
    }

    /** Runs {@code action} after the {@code part}-th part was stored. */
    static PartFault after(int part, Runnable action) {
        return new PartFault(part, false, action);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (beforeSending) {
            hit(context.request());
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!beforeSending) {
            hit(context.request());
        }
    }

    private void hit(Object request) {
        if (request instanceof UploadPartRequest && seen.incrementAndGet() == part) {
            action.run();
        }
    }
}
