// Builds the native program the way a project's own native build would, before Maven runs.
new File(basedir, 'target').mkdirs()
def gcc = ['gcc', '-O2', '-o', new File(basedir, 'target/bootstrap').path,
           new File(basedir, 'src/main/c/bootstrap.c').path, '-lsndfile'].execute()
gcc.waitForProcessOutput(System.out, System.err)
assert gcc.exitValue() == 0
return true
