// The zip holds tesseract behind a generated bootstrap, the default language and the one asked
// for, without the directory excluded; the environment files name TESSDATA_PREFIX.
File zip = new File(basedir, 'target/native-data-1.0-lambda.zip')
assert zip.isFile()
def z = new java.util.zip.ZipFile(zip)
def names = z.entries().collect { it.name }
String bootstrap = z.getInputStream(z.getEntry('bootstrap')).text
String env = z.getInputStream(z.getEntry('nativepack.env')).text
z.close()
assert names.contains('bin/tesseract')
assert names.contains('share/tessdata/eng.traineddata')
assert names.contains('share/tessdata/osd.traineddata') : 'brought by dataIncludes'
assert !names.any { it.startsWith('share/tessdata/configs/') } : 'left out by dataExcludes'
assert bootstrap.startsWith('#!/bin/sh') && bootstrap.contains('TESSDATA_PREFIX')
assert env.contains('TESSDATA_PREFIX=/home/site/wwwroot/share/tessdata')
return true
