/* The physical limit for ingest: a plain C loop that reads the same result CSVs and inserts their
 * rows with one prepared statement, in one transaction, into a table shaped like the ledger's
 * `metrics` (same columns, same primary key, same WAL and synchronous settings).
 *
 * Usage: raw_insert DB FOLDER   (FOLDER as `ftsweep-bench make-results` writes it)
 * Prints `rows seconds rows_per_s` on stdout (make bench times the whole process instead).
 * Build: cc -O2 -o raw_insert raw_insert.c -lsqlite3
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *read_file(const char *path, long *size) {
    FILE *file = fopen(path, "rb");
    if (!file) return NULL;
    fseek(file, 0, SEEK_END);
    *size = ftell(file);
    fseek(file, 0, SEEK_SET);
    char *bytes = malloc(*size + 1);
    if (fread(bytes, 1, *size, file) != (size_t)*size) { free(bytes); bytes = NULL; }
    else bytes[*size] = 0;
    fclose(file);
    return bytes;
}

static void check(int status, sqlite3 *db) {
    if (status != SQLITE_OK && status != SQLITE_DONE) { fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db)); exit(1); }
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: raw_insert DB FOLDER\n"); return 64; }
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.jsonl", argv[2]);
    long manifest_size;
    char *manifest = read_file(path, &manifest_size);
    if (!manifest) { fprintf(stderr, "cannot read %s\n", path); return 1; }

    sqlite3 *db;
    check(sqlite3_open(argv[1], &db), db);
    check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
        "CREATE TABLE metrics (run_id INTEGER NOT NULL, step INTEGER NOT NULL, train_loss REAL, train_accuracy REAL,"
        " valid_loss REAL, valid_accuracy REAL, full_valid_loss REAL, full_valid_accuracy REAL, PRIMARY KEY (run_id, step)) WITHOUT ROWID;",
        NULL, NULL, NULL), db);
    sqlite3_stmt *insert;
    check(sqlite3_prepare_v2(db, "INSERT INTO metrics VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &insert, NULL), db);

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    check(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), db);
    long long rows = 0;
    int run = 0;
    for (char *entry = strstr(manifest, "\"file\":\""); entry; entry = strstr(entry + 1, "\"file\":\"")) {
        char *name = entry + 8, *quote = strchr(name, '"');
        snprintf(path, sizeof path, "%s/%.*s", argv[2], (int)(quote - name), name);
        long size;
        char *csv = read_file(path, &size);
        if (!csv) { fprintf(stderr, "cannot read %s\n", path); return 1; }
        run++;
        char *cursor = strchr(csv, '\n') + 1; /* past the header */
        while (*cursor) {
            char *next;
            sqlite3_bind_int64(insert, 1, run);
            sqlite3_bind_int64(insert, 2, strtoll(cursor, &next, 10));
            cursor = next;
            for (int column = 3; column <= 8; column++) {
                cursor++; /* the comma */
                if (*cursor == ',' || *cursor == '\n') { sqlite3_bind_null(insert, column); continue; } /* strtod would skip a newline */
                sqlite3_bind_double(insert, column, strtod(cursor, &next));
                cursor = next;
            }
            cursor = strchr(cursor, '\n') + 1;
            check(sqlite3_step(insert), db);
            sqlite3_reset(insert);
            rows++;
        }
        free(csv);
    }
    check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
    check(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), db);
    sqlite3_finalize(insert);
    sqlite3_close(db);
    printf("%lld %.6f %.1f\n", rows, seconds, rows / seconds);
    return 0;
}
