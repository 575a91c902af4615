package io.sr4j.cli;

import io.sr4j.io.ImageFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns the command's INPUT arguments (files, directories, quoted globs) into the list of images
 * to process, each with the path its output mirrors under the output directory.
 *
 * <ul>
 *   <li>a file is taken as it is, whatever its extension (the decoder judges the content); a
 *       missing one is kept too, so that it is reported with the other failures;</li>
 *   <li>a directory contributes the files in it whose extension names an image format sr4j reads
 *       ({@code --recursive}: also those in its subdirectories), mirrored relative to it;</li>
 *   <li>a glob ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}; {@code **} crosses directories
 *       and, as in shells, also matches no directory at all) is expanded by sr4j, mirrored
 *       relative to its leading part without wildcards.</li>
 * </ul>
 * Hidden files and directories (names starting with a dot, such as sr4j's own temporary files)
 * are left out of directory walks and globs, and so is the output directory itself.
 */
final class BatchInputs {
    /** One image to process. {@code relative} is where its output goes under the output directory. */
    record Item(Path input, Path relative) {
    }

    /** The expansion: the images, and the arguments that named nothing (reported as failures). */
    record Expansion(List<Item> items, List<String> unmatched) {
    }

    private BatchInputs() {
    }

    /** True if {@code arg} holds glob wildcards (and is not simply an existing file of that name). */
    static boolean isGlob(String arg) {
        if (arg.chars().noneMatch(c -> c == '*' || c == '?' || c == '[' || c == '{')) {
            return false;
        }
        try {
            return !Files.exists(Path.of(arg));
        } catch (InvalidPathException e) {
            return true;
        }
    }

    /**
     * Expands {@code args} in order; an image named twice is listed once.
     *
     * @param exclude a directory whose contents are never inputs (the output directory), or null
     */
    static Expansion expand(List<String> args, boolean recursive, Path exclude) {
        Set<Item> items = new LinkedHashSet<>();
        List<String> unmatched = new ArrayList<>();
        Path excluded = exclude == null ? null : exclude.toAbsolutePath().normalize();
        for (String arg : args) {
            List<Item> found;
            if (isGlob(arg)) {
                found = glob(arg, excluded);
            } else {
                Path path = Path.of(arg);
                if (Files.isDirectory(path)) {
                    found = walk(path, recursive ? Integer.MAX_VALUE : 1, excluded, file -> isImageName(file));
                } else {
                    found = List.of(new Item(path, path.getFileName()));
                }
            }
            if (found.isEmpty()) {
                unmatched.add(arg);
            }
            items.addAll(found);
        }
        return new Expansion(List.copyOf(items), List.copyOf(unmatched));
    }

    private static List<Item> glob(String pattern, Path excluded) {
        String normal = pattern.replace('\\', '/');
        String[] segments = normal.split("/", -1);
        int fixed = 0;
        while (fixed < segments.length - 1 && segments[fixed].chars().noneMatch(c -> "*?[{".indexOf(c) >= 0)) {
            fixed++;
        }
        String basePart = String.join("/", java.util.Arrays.copyOfRange(segments, 0, fixed));
        String rest = String.join("/", java.util.Arrays.copyOfRange(segments, fixed, segments.length));
        Path base = basePart.isEmpty() ? Path.of(".") : Path.of(normal.startsWith("/") && fixed == 1 ? "/" : basePart);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        // "a/**/b" in shells also matches "a/b"; Java's glob needs at least one directory there.
        PathMatcher direct = FileSystems.getDefault().getPathMatcher("glob:" + rest.replace("**/", ""));
        int depth = rest.contains("**") ? Integer.MAX_VALUE : rest.split("/").length;
        return walk(base, depth, excluded, relative -> matcher.matches(relative) || direct.matches(relative));
    }

    /** Regular, non-hidden files under {@code root} up to {@code depth} levels, sorted by path. */
    private static List<Item> walk(Path root, int depth, Path excluded, java.util.function.Predicate<Path> accept) {
        try (Stream<Path> files = Files.walk(root, depth)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> new Item(file, root.relativize(file)))
                    .filter(item -> !hidden(item.relative()))
                    .filter(item -> excluded == null || !item.input().toAbsolutePath().normalize().startsWith(excluded))
                    .filter(item -> accept.test(item.relative()))
                    .sorted(Comparator.comparing(item -> item.relative().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isImageName(Path relative) {
        return ImageFormat.fromFileName(relative.getFileName().toString()).isPresent();
    }
}
