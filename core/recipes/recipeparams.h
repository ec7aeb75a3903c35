#pragma once

#include <QString>

namespace gs::recipes {

// What a recipe is aimed at; each recipe says which of these it reads.
struct RecipeParams
{
    QString upstream; // upstream group name
    QString location; // location as written after `location` ("/group/", "= /x")
    QString server;   // backup_server: the address (host:port, unix:/path)
    QString root;     // error_page: directory holding gatescope-50x.html; empty: a text reply
};

} // namespace gs::recipes
