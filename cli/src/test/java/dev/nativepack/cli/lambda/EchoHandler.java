package dev.nativepack.cli.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Java Lambda handler for the runtime-client tests: echoes the event with what the context
 * says; {"fail": ...} throws, {"sleep": ms} sleeps.
 */
public class EchoHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        if (event.containsKey("fail")) {
            throw new IllegalStateException("asked to fail: " + event.get("fail"));
        }
        if (event.containsKey("sleep")) {
            try {
                Thread.sleep(((Number) event.get("sleep")).longValue());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("echo", event);
        out.put("requestId", context.getAwsRequestId());
        out.put("function", context.getFunctionName());
        out.put("memory", context.getMemoryLimitInMB());
        out.put("remainingMs", context.getRemainingTimeInMillis());
        return out;
    }
}
