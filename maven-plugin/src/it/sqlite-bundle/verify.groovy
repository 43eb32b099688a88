// The zip holds the project jar and a pruned sqlite-jdbc under lib/; unpacked, it still opens a
// database on this machine's JVM (Linux x86_64 with glibc, the platform the target keeps).
import java.util.zip.ZipFile

File zip = new File(basedir, 'target/sqlite-bundle-1.0-lambda.zip')
assert zip.isFile()
def names = new ZipFile(zip).withCloseable { z -> z.entries().collect { it.name } }
assert names.contains('lib/sqlite-bundle-1.0.jar')
assert names.contains('lib/sqlite-jdbc-3.54.1.0.jar')
// Every entry carries the project's project.build.outputTimestamp, as Maven's own archives do.
long expected = java.time.Instant.parse('2026-01-01T00:00:00Z').toEpochMilli()
def times = new ZipFile(zip).withCloseable { z -> z.entries().collect { it.time }.unique() }
assert times == [expected] : times

File original = new File(localRepositoryPath, 'org/xerial/sqlite-jdbc/3.54.1.0/sqlite-jdbc-3.54.1.0.jar')
File unpacked = new File(basedir, 'target/unpacked')
unpacked.mkdirs()
def unzip = ['unzip', '-q', '-o', zip.path, '-d', unpacked.path].execute()
assert unzip.waitFor() == 0
File pruned = new File(unpacked, 'lib/sqlite-jdbc-3.54.1.0.jar')
assert pruned.length() < original.length() / 4 : "pruned ${pruned.length()} of ${original.length()} bytes"

def natives = new ZipFile(pruned).withCloseable { z ->
    z.entries().collect { it.name }.findAll { it.startsWith('org/sqlite/native/') && !it.endsWith('/') }
}
assert natives == ['org/sqlite/native/Linux/x86_64/libsqlitejdbc.so'] : natives

String java = new File(System.getProperty('java.home'), 'bin/java').path
def run = [java, '-cp', new File(unpacked, 'lib').path + '/*', 'it.sqlite.App'].execute()
String out = run.text
assert run.waitFor() == 0
assert out.startsWith('read pruned with sqlite 3.') : out

String log = new File(basedir, 'build.log').text
assert log.contains('sqlite-jdbc-3.54.1.0.jar')
assert log =~ /saved [0-9,]+ bytes/
return true
