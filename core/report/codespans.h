#pragma once

#include <QString>

namespace gs::report {

// HTML for a catalog text that writes commands and directives as `code`: escaped, with each
// `span` as <code>. Unbalanced backticks leave the text as plain escaped HTML. Shared by the
// HTML report and the GUI's finding cards.
QString codeSpansToHtml(const QString &text);

} // namespace gs::report
