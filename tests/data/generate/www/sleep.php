<?php
$s = (int)($_GET['s'] ?? 3);
sleep($s);
echo "slept $s\n";
