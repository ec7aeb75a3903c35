<?php
error_log("cart warning: item 42 has no price");
echo $undefined_variable;
echo "done\n";
