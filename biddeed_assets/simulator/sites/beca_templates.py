"""The markup of BECA's pages, from the real captures case_docket.html and register_of_actions.html.

`HEAD` opens every page (with its {title}); `DOCKET` is the all_results.cfm case page, with the case
information, {participants} and register-of-actions {rows} filled in by beca_pages.
"""

HEAD = """<!DOCTYPE HTML>

<html>
<head>
    <meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">
    <title>{title}</title>
    <link rel="stylesheet" type="text/css" href="https://vmatrix1.brevardclerk.us/beca/css/standard.css">
</head>

<body>
<div widht="100%" align=center>

    <H2>BECA - Brevard Electronic Court Application</H2>


    <p class="navy">Logged in As: Public</p>


    <br>
</div>
"""

DOCKET = HEAD.replace("{title}", "All Results") + """
<div style="position:fixed; top:2%; right:2%;color:black;background:lightsteelblue;font-size:14px;">
    {case_number}
</div>


<div align="Center">
    <a class="lg" href="#participants">Participants</a>
    &nbsp;&nbsp;<a class="lg" href="#docket">Register of Actions</a>
    &nbsp;&nbsp;<a class="lg" href="#financials">Financials</a>
</div>


<form name="inputForm" id="inputForm" action="Print.cfm" method="post">
    <BR>
    <div align="center">
        <a class="lg" href="Name_Search.cfm">New Search</a>&nbsp;&nbsp;
    </div>
    <br>


    <h5 align="center"><B>{title} </B></h5>
    <h5 align="center"><B>Case Information</B></h5>


    <br>


    <table class="TFtable" width="100%">
        <tr>
            <th width="20%" align="center">Case Number</th>
            <th width="10%" align="center">Case Type</th>
            <th width="10%" align="center">Filing Date</th>
            <th width="10%" align="center">Case Status</th>
            <th width="10%" align="center">Status Date</th>
            <th width="15%" align="center">Judge</th>
            <th width="10%" align="center">Jurisdiction</th>
            <th width="15%" align="center">Charging Agency</th>
        </tr>


        <tr>

            <td width="20%" align="left">
                <div class="m">{case_number}
                    <span>File Location - /CLERK/VIERA/VIERA ELECTRONIC FILES/</span></div>
            </td>


            <td width="10%" align="left">{case_type}</td>
            <td width="10%" align="center">{filing_date}</td>


            <td width="10%" align="left">{status}</td>


            <td width="10%" align="center">{status_date}</td>
            <td width="15%" align="left">{judge}</td>
            <td width="10%" align="left">{jurisdiction}</td>
            <td width="15%" align="left">
                <div class="l">NONE <span></span></div>
            </td>
        </tr>

    </TABLE>
    <br>

    <br>


    <a name="participants"></a>


    <table width='100%'>
        <td align="left" style="font-size:16px"><B>&nbsp&nbspParticipants</B></td>
        <td align="right" style="font-size:16px"><input type="checkbox" name="PrintChk" value=2><B>Print&nbsp&nbsp</B>
        </td>
    </table>

    <table class="TFtable" style="width:100%">
        <tr>
            <th align="center">Type</th>
            <th align="center">Name</th>
            <th align="center">Participant Id</th>
            <th align="center">DL Number</th>
            <th align="center">Race</th>
            <th align="center">Gender</th>
            <th align="center">DOB</th>
            <th align="center">Address 1</th>
            <th align="center">Address 2</th>
            <th align="center">City State Zip</th>
        </tr>
{participants}
    </table>
    <br>


    <a name="docket"></a>


    <br>
    <table width='100%'>
        <td align="left" style="font-size:16px"><B>&nbsp&nbspRegister Of Actions&nbsp&nbsp</B></td>
        <td align="right" style="font-size:16px"><input type="checkbox" name="PrintChk" value=3><B>Print&nbsp&nbsp</B>
        </td>
    </table>

    <table class="TFtable" style="width:100%">
        <tr>
            <th width="5%">View</th>
            <th width="10%">Event Date</th>
            <th width="10%">Document Number</th>
            <th width="52%">Description</th>
            <th width="10%">Page Count</th>
            <th id="right-border" width="10%">Amount</th>
        </tr>


        <table id="tbl-content" class="TFtable" cellpadding="3" cellspacing="0" border="0"
               style="width:100%;table-layout:fixed;background:#fff;">
{rows}
            <tr>
                <td width="5%">&nbsp;</td>
                <td width="10%">&nbsp;</td>
                <td width="5%">&nbsp;</td>
                <td align="center" width="47%" style="color:red;font-size:16px"><b>Total Number of Document Pages</b>
                </td>
                <td align="center" width="10%" style="color:red;font-size:16px"><b>{pages}</b></td>
                <td width="10%">&nbsp;</td>
            </tr>

        </table>
        <br>
</form>
</body>
</html>
"""

