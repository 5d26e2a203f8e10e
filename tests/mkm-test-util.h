/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettingsBackend *mkm_test_memory_backend (void);
GSettingsBackend *mkm_test_locked_backend (const char *tmpdir,
                                           const char * const *locked_keys);

G_END_DECLS
