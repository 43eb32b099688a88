package dev.nativepack.core.jar.probe;

import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.JniHelper;

/** Loads the Lambda runtime client's JNI library the way the client does (it exits non-zero when none loads). */
public final class RuntimeClientProbe {
    private RuntimeClientProbe() {
    }

    public static void main(String[] args) {
        JniHelper.load();
        System.out.println("OK runtime client JNI loaded");
    }
}
