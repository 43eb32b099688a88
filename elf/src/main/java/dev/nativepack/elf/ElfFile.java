package dev.nativepack.elf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A parsed ELF file. Opening maps the file and reads only the ELF header and program headers;
 * everything else (dynamic section, sections, symbols, versions, notes) is read on first use,
 * through PT_DYNAMIC and PT_LOAD as the loader does, so files without section headers work.
 * Malformed content raises {@link MalformedElfException}; I/O problems raise {@link IOException}.
 */
public final class ElfFile {
    private final Path path;
    private final ElfInput in;
    private final ElfHeader header;
    private final List<ProgramHeader> programHeaders;
    private final AddressMap addresses;

    private DynamicSection dynamic;
    private DynamicLayout dynamicLayout;
    private List<SectionHeader> sections;
    private List<ElfSymbol> dynamicSymbols;
    /** Undefined dynamic symbols by version index, read on the first request for one. */
    private java.util.Map<Integer, List<String>> undefinedByVersion;
    private List<ElfSymbol> symbolTable;
    private List<VersionNeed> versionNeeds;
    private List<VersionNeed> versionNeedsOnly;
    private List<VersionDefinition> versionDefinitions;
    private List<ElfNote> notes;

    private ElfFile(Path path, ElfInput in) {
        this.path = path;
        this.in = HeaderReader.identify(in);
        this.header = HeaderReader.readHeader(this.in);
        this.programHeaders = HeaderReader.readProgramHeaders(this.in, header);
        this.addresses = new AddressMap(this.in, programHeaders);
    }

    /** Opens the file and parses its headers; everything else is read when first asked for. */
    public static ElfFile open(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(path, channel);
        }
    }

    /**
     * Parses the headers of a file the caller holds open. Until the caller closes the channel,
     * further reads use it; afterwards they reopen the file. Lets a caller that has read the first
     * bytes itself avoid opening the file twice.
     */
    public static ElfFile read(Path path, FileChannel channel) throws IOException {
        return read(path, channel, channel.size(), null);
    }

    /**
     * The size of the first read worth doing: the headers, and in small libraries the dynamic
     * symbols, strings and versions too, which the loader's view needs next.
     */
    public static final int FIRST_READ = 4096;

    /**
     * As {@link #read(Path, FileChannel)}, given the file's size and the bytes the caller already
     * read from its start (up to {@link #FIRST_READ}), so neither is read again.
     */
    public static ElfFile read(Path path, FileChannel channel, long size, byte[] start) throws IOException {
        if (size > Integer.MAX_VALUE) {
            throw new MalformedElfException(path, "file size", -1, "files over 2 GiB are not supported");
        }
        try {
            return new ElfFile(path, new ElfInput(path, PagedFile.of(path, channel, size, start),
                    java.nio.ByteOrder.LITTLE_ENDIAN));
        } catch (java.io.UncheckedIOException e) {
            if (Files.isDirectory(path)) {
                throw new IOException(path + ": is a directory, not a file");
            }
            throw e.getCause();
        }
    }

    /** Parses bytes already in memory (for tests and for entries read from archives). */
    public static ElfFile parse(Path nameForMessages, byte[] bytes) {
        return new ElfFile(nameForMessages, new ElfInput(nameForMessages, PagedFile.of(nameForMessages, bytes),
                java.nio.ByteOrder.LITTLE_ENDIAN));
    }

    public Path path() {
        return path;
    }

    public long size() {
        return in.size();
    }

    public ElfHeader header() {
        return header;
    }

    public ElfClass elfClass() {
        return header.elfClass();
    }

    public int machine() {
        return header.machine();
    }

    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }

    /** PT_INTERP: the program interpreter (dynamic loader) path, or null. */
    public String interpreter() {
        for (ProgramHeader ph : programHeaders) {
            if (ph.type() == ProgramHeader.PT_INTERP) {
                in.require(ph.offset(), ph.filesz(), "PT_INTERP");
                return in.cString(ph.offset(), ph.offset() + ph.filesz(), "PT_INTERP");
            }
        }
        return null;
    }

    public boolean hasDynamicSegment() {
        return addresses.dynamicSegment() != null;
    }

    /** The dynamic section read through PT_DYNAMIC; {@link DynamicSection#EMPTY} for static files. */
    public synchronized DynamicSection dynamic() {
        if (dynamic == null) {
            dynamicLayout = DynamicReader.layout(in, header, addresses);
            dynamic = DynamicReader.decode(in, dynamicLayout);
        }
        return dynamic;
    }

    synchronized DynamicLayout dynamicLayout() {
        dynamic();
        return dynamicLayout;
    }

    public synchronized List<SectionHeader> sections() {
        if (sections == null) {
            sections = SectionReader.read(in, header);
        }
        return sections;
    }

    /** The dynamic symbol table (.dynsym via DT_SYMTAB), with .gnu.version indices; entry 0 included. */
    public synchronized List<ElfSymbol> dynamicSymbols() {
        if (dynamicSymbols == null) {
            dynamicSymbols = SymbolReader.dynamicSymbols(in, header, dynamicLayout(), addresses, this::sections);
        }
        return dynamicSymbols;
    }

    /**
     * The undefined dynamic symbols bound to a version index (a {@link RequiredVersion#index()}):
     * the symbols behind one requirement, read without loading the whole symbol table.
     */
    public synchronized List<String> undefinedSymbolsWithVersion(int versionIndex) {
        if (undefinedByVersion == null) {
            undefinedByVersion = SymbolReader.undefinedByVersion(in, header, dynamicLayout(), this::sections);
        }
        return List.copyOf(undefinedByVersion.getOrDefault(versionIndex, List.of()));
    }

    /** The static symbol table (.symtab), empty when stripped. */
    public synchronized List<ElfSymbol> symbolTable() {
        if (symbolTable == null) {
            symbolTable = SymbolReader.symbolTable(in, header, sections());
        }
        return symbolTable;
    }

    /** .gnu.version_r: per needed library, the versions required and the undefined symbols behind each. */
    public synchronized List<VersionNeed> versionNeeds() {
        if (versionNeeds == null) {
            versionNeeds = VersionReader.needs(in, dynamicLayout(), this::dynamicSymbols);
        }
        return versionNeeds;
    }

    /**
     * The required versions without the symbols behind them: what the loader checks, read without
     * touching the symbol table (the resolver's fast path).
     */
    public synchronized List<VersionNeed> versionNeedsWithoutSymbols() {
        if (versionNeedsOnly == null) {
            versionNeedsOnly = VersionReader.needs(in, dynamicLayout(), null);
        }
        return versionNeedsOnly;
    }

    /** .gnu.version_d: the versions this object defines. */
    public synchronized List<VersionDefinition> versionDefinitions() {
        if (versionDefinitions == null) {
            versionDefinitions = VersionReader.definitions(in, dynamicLayout());
        }
        return versionDefinitions;
    }

    public synchronized List<ElfNote> notes() {
        if (notes == null) {
            notes = NoteReader.read(in, header, programHeaders, this::sections);
        }
        return notes;
    }

    /** The GNU build-id as lower-case hex, or null. */
    public String buildId() {
        for (ElfNote n : notes()) {
            if (n.isGnu(ElfNote.NT_GNU_BUILD_ID)) {
                return NoteReader.hex(n.descriptor());
            }
        }
        return null;
    }

    /** The NT_GNU_ABI_TAG note as "Linux 3.2.0", or null. */
    public String abiTag() {
        for (ElfNote n : notes()) {
            if (n.isGnu(ElfNote.NT_GNU_ABI_TAG)) {
                return NoteReader.abiTag(in, n);
            }
        }
        return null;
    }

    public GnuProperties gnuProperties() {
        for (ElfNote n : notes()) {
            if (n.isGnu(ElfNote.NT_GNU_PROPERTY_TYPE_0)) {
                return NoteReader.gnuProperties(in, header, n);
            }
        }
        return GnuProperties.NONE;
    }

    public ObjectKind kind() {
        return ObjectClassifier.kind(this);
    }

    public LibcFamily libcFamily() {
        return ObjectClassifier.libcFamily(this);
    }

    public ExecutableStack executableStack() {
        for (ProgramHeader ph : programHeaders) {
            if (ph.type() == ProgramHeader.PT_GNU_STACK) {
                return (ph.flags() & ProgramHeader.PF_X) != 0 ? ExecutableStack.YES : ExecutableStack.NO;
            }
        }
        return ExecutableStack.MISSING;
    }

    /** Translates a virtual address into a file offset through the PT_LOAD segments. */
    public long fileOffset(long address, String field) {
        return addresses.toOffset(address, field);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
