/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int mkm_cli_send_test (const char *text,
                       gboolean    verbose);

G_END_DECLS
