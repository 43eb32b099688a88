// The function zip holds the program as an executable bootstrap and libsndfile with its own
// libraries under lib/, plus the manifest and SBOM; its archive is attached to the project.

File zip = new File(basedir, 'target/native-bootstrap-1.0-lambda.zip')
assert zip.isFile()
def z = new java.util.zip.ZipFile(zip)
def names = z.entries().collect { it.name }
z.close()
assert names.contains('bootstrap')
assert names.contains('lib/libsndfile.so.1')
assert names.contains('nativepack.json')
assert names.contains('sbom.cdx.json')
def listing = ['unzip', '-Z', zip.path].execute().text
assert listing.readLines().find { it.endsWith(' bootstrap') }?.startsWith('-rwxr-xr-x') : listing
String log = new File(basedir, 'build.log').text
assert log.contains('libraries the target lacks')
return true
