package dev.nativepack.core.invoke;

import dev.nativepack.core.target.Target;
import dev.nativepack.core.verify.Sandbox;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The environment Lambda gives a runtime (research/lambda.md §3.6), and nothing else: no variable
 * of this machine reaches the function.
 */
final class LambdaEnvironment {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";

    private LambdaEnvironment() {
    }

    static String functionArn(String functionName) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + functionName;
    }

    static Map<String, String> of(Target target, String runtimeApi, String functionName, String handler, int memoryMb) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.putAll(Sandbox.runtimeEnvironment(target, handler));
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
        byte[] stream = new byte[16];
        ThreadLocalRandom.current().nextBytes(stream);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/') + "/[$LATEST]"
                + HexFormat.of().formatHex(stream));
        String runtime = runtimeName(target);
        if (runtime != null && !runtime.startsWith("provided")) {
            // Managed runtimes name themselves; custom runtimes (provided.*) leave it unset.
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + runtime);
        }
        env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
        env.put("_AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129");
        env.put("_AWS_XRAY_DAEMON_PORT", "2000");
        env.put("AWS_XRAY_DAEMON_ADDRESS", "169.254.79.129:2000");
        return env;
    }

    /** The runtime part of a Lambda target id ({@code aws-lambda/python3.12/x86_64} -> python3.12), or null. */
    static String runtimeName(Target target) {
        String[] parts = target.id().split("/");
        return parts.length == 3 && parts[0].equals("aws-lambda") ? parts[1] : null;
    }
}
