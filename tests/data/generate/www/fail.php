<?php
function load_cart(array $items) {
    throw new RuntimeException("Database connection failed: SQLSTATE[HY000] [2002] Connection refused");
}
function render_page() {
    return load_cart([1, 2, 3]);
}
render_page();
