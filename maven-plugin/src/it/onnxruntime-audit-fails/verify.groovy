// The build failed in the audit goal, and the log says which library, which symbol version and
// which target, so that the user knows what to change.
String log = new File(basedir, 'build.log').text
assert log.contains('nativepack-maven-plugin') && log.contains(':audit')
assert log.contains('libonnxruntime.so') : 'the culprit library is named'
assert log.contains('GLIBC_2.28') : 'the missing symbol version is named'
assert log.contains('aws-lambda/java17/x86_64')
assert log.contains('BUILD FAILURE')
// The JNI shim needs libonnxruntime.so.1, the SONAME of its sibling in the jar, loaded first: not missing.
assert !log.contains('missing-library')
return true
