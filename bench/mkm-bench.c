/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * In-process figures for a send: how long Cancel takes to end it (at the
 * banner wait and inside DATA), and the longest the calling main loop is
 * kept from running while a send to a stalled server goes on.
 *
 *   mkm-bench SILENT_PORT STALL_DATA_PORT [ROUNDS]
 */
#include "config.h"

#include <stdlib.h>

#include "mkm-smtp.h"

typedef struct
{
  GMainLoop *loop;
  gint64     cancelled_at;
  gint64     done_at;
  gint64     last_tick;
  gint64     longest_gap;
} Bench;

static MkmMailConfig *
config_for (int port)
{
  MkmMailConfig *config = mkm_mail_config_new ();

  config->mode = MKM_MODE_SMTP;
  config->admin_email = g_strdup ("quantri@example.test");
  config->from_address = g_strdup ("no-reply@brand.example");
  config->from_name = g_strdup ("");
  config->host = g_strdup ("127.0.0.1");
  config->port = port;
  config->encryption = MKM_ENCRYPTION_NONE;
  config->username = g_strdup ("");
  config->password = g_strdup ("");
  config->timeout = 60;
  return config;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Bench *bench = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MkmSendResult) sent = mkm_smtp_send_test_finish (result, &error);

  bench->done_at = g_get_monotonic_time ();
  if (!g_error_matches (error, MKM_SMTP_ERROR, MKM_SMTP_ERROR_CANCELLED))
    g_error ("expected a cancelled send");
  g_main_loop_quit (bench->loop);
}

static gboolean
cancel_now (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              Bench        *bench)
{
  bench->cancelled_at = g_get_monotonic_time ();
}

static gboolean
tick (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 now = g_get_monotonic_time ();

  if (bench->last_tick != 0 && now - bench->last_tick > bench->longest_gap)
    bench->longest_gap = now - bench->last_tick;
  bench->last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* One send cancelled after @delay_ms; returns the cancel latency in µs. */
static gint64
one_round (int     port,
           guint   delay_ms,
           gint64 *longest_gap)
{
  g_autoptr(MkmMailConfig) config = config_for (port);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Bench bench = { g_main_loop_new (NULL, FALSE), 0, 0, 0, 0 };
  guint ticker = g_timeout_add (1, tick, &bench);

  g_signal_connect (cancellable, "cancelled", G_CALLBACK (on_cancelled), &bench);
  g_timeout_add (delay_ms, cancel_now, cancellable);
  mkm_smtp_send_test_async (config, "bench", cancellable, NULL, NULL, on_done, &bench);
  g_main_loop_run (bench.loop);
  g_source_remove (ticker);
  g_main_loop_unref (bench.loop);
  if (longest_gap != NULL)
    *longest_gap = bench.longest_gap;
  return bench.done_at - bench.cancelled_at;
}

static int
compare (const void *a,
         const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        gint64     *values,
        int         n,
        double      goal_ms)
{
  qsort (values, n, sizeof *values, compare);
  g_print ("%-40s median %7.2f ms   max %7.2f ms   goal <= %.0f ms   ratio median/goal %.3f\n",
           what, values[n / 2] / 1000.0, values[n - 1] / 1000.0, goal_ms,
           values[n / 2] / 1000.0 / goal_ms);
}

int
main (int   argc,
      char *argv[])
{
  int silent, stall, rounds;
  g_autofree gint64 *banner = NULL;
  g_autofree gint64 *data = NULL;
  g_autofree gint64 *gaps = NULL;

  if (argc < 3)
    g_error ("usage: mkm-bench SILENT_PORT STALL_DATA_PORT [ROUNDS]");
  silent = atoi (argv[1]);
  stall = atoi (argv[2]);
  rounds = argc > 3 ? atoi (argv[3]) : 20;
  banner = g_new0 (gint64, rounds);
  data = g_new0 (gint64, rounds);
  gaps = g_new0 (gint64, rounds);

  for (int i = 0; i < rounds; i++)
    {
      banner[i] = one_round (silent, 150, &gaps[i]);
      data[i] = one_round (stall, 150, NULL);
    }

  report ("cancel latency, banner wait", banner, rounds, 50);
  report ("cancel latency, inside DATA", data, rounds, 50);
  report ("longest main-loop stall during a send", gaps, rounds, 16);
  return 0;
}
