// layer demo
